//go:build race

package main

// raceEnabled reports a build with the race detector, under which child
// processes run several times slower: long tests then do less.
const raceEnabled = true
