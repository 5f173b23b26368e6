// Package natstest runs NATS servers with JetStream inside a test
// process, on loopback with ports of their own: one server, or a cluster
// of several, for the tests of Sitrep's article log (package cluster).
package natstest

import (
	"fmt"
	"net"
	"net/url"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/nats-io/nats-server/v2/server"
)

// Cluster is n NATS servers with JetStream, routed to each other.
type Cluster struct {
	tb      testing.TB
	opts    []*server.Options
	servers []*server.Server
}

// Start starts a cluster of n servers (a lone server when n is 1), each
// storing JetStream in a directory of tb.TempDir, and waits until they
// have elected a JetStream leader. They are shut down when the test ends.
// Each of configure changes every server's options (a larger
// MaxPayload, say) before it starts.
func Start(tb testing.TB, n int, configure ...func(*server.Options)) *Cluster {
	tb.Helper()
	dir := tb.TempDir()
	// The ports are free when asked, but another test process may take
	// one before its server listens on it (go test runs packages side by
	// side): a server that does not come up is tried again, with the
	// whole cluster on new ports.
	for attempt := 1; ; attempt++ {
		c := &Cluster{tb: tb, opts: make([]*server.Options, n), servers: make([]*server.Server, n)}
		c.configure(n, filepath.Join(dir, fmt.Sprint(attempt)), configure)
		failed := -1
		for i := range n {
			if !c.tryStart(i) {
				failed = i
				break
			}
		}
		if failed < 0 {
			tb.Cleanup(c.Shutdown)
			c.WaitReady()
			return c
		}
		c.Shutdown()
		if attempt == 3 {
			tb.Fatalf("NATS server %d did not start within 10s, three times on new ports", failed+1)
		}
	}
}

// configure sets the options of n servers storing JetStream under dir,
// on ports free when asked.
func (c *Cluster) configure(n int, dir string, configure []func(*server.Options)) {
	clientPorts, routePorts := freePorts(c.tb, n), freePorts(c.tb, n)
	for i := range n {
		o := &server.Options{
			ServerName: fmt.Sprintf("n%d", i+1),
			Host:       "127.0.0.1",
			Port:       clientPorts[i],
			JetStream:  true,
			StoreDir:   filepath.Join(dir, fmt.Sprintf("n%d", i+1)),
			NoLog:      true,
			NoSigs:     true,
			// Small limits: a test's log is small, and the machine shared.
			JetStreamMaxMemory: 64 << 20,
			JetStreamMaxStore:  1 << 30,
		}
		if n > 1 {
			o.Cluster = server.ClusterOpts{Name: "sitrep-test", Host: "127.0.0.1", Port: routePorts[i]}
			for j := range n {
				if j != i {
					o.Routes = append(o.Routes, &url.URL{Scheme: "nats", Host: fmt.Sprintf("127.0.0.1:%d", routePorts[j])})
				}
			}
		}
		for _, f := range configure {
			f(o)
		}
		c.opts[i] = o
	}
}

// start starts server i with its options.
func (c *Cluster) start(i int) {
	c.tb.Helper()
	if !c.tryStart(i) {
		c.tb.Fatalf("NATS server %d did not start within 10s", i+1)
	}
}

// tryStart starts server i with its options and reports whether it came
// up within 10 s (at once false when one of its ports is taken); a server
// that did not is shut down.
func (c *Cluster) tryStart(i int) bool {
	c.tb.Helper()
	// A port already taken fails at once, not after the wait.
	for _, port := range []int{c.opts[i].Port, c.opts[i].Cluster.Port} {
		if port > 0 {
			l, err := net.Listen("tcp", fmt.Sprintf("127.0.0.1:%d", port))
			if err != nil {
				return false
			}
			l.Close()
		}
	}
	s, err := server.NewServer(c.opts[i].Clone())
	if err != nil {
		c.tb.Fatalf("NATS server %d: %v", i+1, err)
	}
	go s.Start()
	if !s.ReadyForConnections(10 * time.Second) {
		s.Shutdown()
		return false
	}
	c.servers[i] = s
	return true
}

// WaitReady waits until every running server knows the JetStream leader.
func (c *Cluster) WaitReady() {
	c.tb.Helper()
	deadline := time.Now().Add(20 * time.Second)
	for time.Now().Before(deadline) {
		ready := true
		for _, s := range c.servers {
			if s != nil && !s.Running() {
				continue
			}
			if s != nil && len(c.servers) > 1 && !s.JetStreamIsCurrent() {
				ready = false
			}
		}
		if ready {
			return
		}
		time.Sleep(50 * time.Millisecond)
	}
	c.tb.Fatal("the NATS cluster elected no JetStream leader within 20s")
}

// URL returns the client URLs of every server, comma-separated, as
// sitrep's --cluster takes them.
func (c *Cluster) URL() string {
	urls := make([]string, len(c.opts))
	for i, o := range c.opts {
		urls[i] = fmt.Sprintf("nats://127.0.0.1:%d", o.Port)
	}
	return strings.Join(urls, ",")
}

// StreamLeader returns the server leading stream (in the global account),
// -1 when none does.
func (c *Cluster) StreamLeader(stream string) int {
	for i, s := range c.servers {
		if s != nil && s.Running() && s.JetStreamIsStreamLeader(server.DEFAULT_GLOBAL_ACCOUNT, stream) {
			return i
		}
	}
	return -1
}

// Stop shuts server i down abruptly, as if its process died: its clients
// lose their connections and the others elect new leaders.
func (c *Cluster) Stop(i int) {
	if s := c.servers[i]; s != nil {
		s.Shutdown()
		s.WaitForShutdown()
	}
}

// Restart starts server i again, on its ports and store.
func (c *Cluster) Restart(i int) {
	c.tb.Helper()
	c.start(i)
}

// Shutdown stops every server.
func (c *Cluster) Shutdown() {
	for i := range c.servers {
		c.Stop(i)
	}
}

// freePorts returns n loopback ports free when asked.
func freePorts(tb testing.TB, n int) []int {
	tb.Helper()
	ports := make([]int, n)
	listeners := make([]net.Listener, n)
	for i := range n {
		l, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			tb.Fatal(err)
		}
		listeners[i], ports[i] = l, l.Addr().(*net.TCPAddr).Port
	}
	for _, l := range listeners {
		l.Close()
	}
	return ports
}
