package natstest

import (
	"net"
	"testing"

	"github.com/nats-io/nats-server/v2/server"
)

// TestStartOnTakenPort: a server whose port another process took before
// it listened is started again on new ports, and the cluster comes up.
func TestStartOnTakenPort(t *testing.T) {
	taken, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer taken.Close()
	attempts := 0
	c := Start(t, 1, func(o *server.Options) {
		attempts++
		if attempts == 1 {
			o.Port = taken.Addr().(*net.TCPAddr).Port
		}
	})
	if attempts != 2 {
		t.Fatalf("configured %d times, want 2: the first on the taken port, the second on a free one", attempts)
	}
	if c.servers[0] == nil || !c.servers[0].Running() {
		t.Fatal("the server is not running after the second attempt")
	}
}
