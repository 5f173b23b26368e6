// Package archtest holds no code, only a test of the whole module: that
// every package imports along the direction docs/DESIGN.md draws in its
// "Map of the code" (cmd → web → search → index), never against it. The
// direction is one table, layers, in the test. It lives in its own
// package, under internal/ so that nothing imports it, because it checks
// every layer and belongs to none.
package archtest
