//go:build race

package search_test

// raceEnabled reports a build with the race detector, under which the
// searches over shards run several times slower: those tests then do
// less (fewer shard counts and pages).
const raceEnabled = true
