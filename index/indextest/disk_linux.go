package indextest

import (
	"fmt"
	"os"
	"path/filepath"
	"syscall"
	"testing"
)

// SmallDisk mounts a tmpfs of size bytes on a new directory and returns
// it, for tests of a full disk (ENOSPC); the test is skipped when it
// cannot (mounting needs root or CAP_SYS_ADMIN, as .ci/run has). The
// mount is removed when the test ends.
func SmallDisk(t *testing.T, size int) string {
	t.Helper()
	dir := filepath.Join(t.TempDir(), "small-disk")
	if err := os.Mkdir(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := syscall.Mount("tmpfs", dir, "tmpfs", 0, fmt.Sprintf("size=%d,mode=0755", size)); err != nil {
		t.Skipf("cannot mount a %d-byte tmpfs to fill (%v): run as root to test a full disk with ENOSPC", size, err)
	}
	t.Cleanup(func() {
		if err := syscall.Unmount(dir, syscall.MNT_DETACH); err != nil {
			t.Errorf("unmount the small disk %s: %v", dir, err)
		}
	})
	return dir
}

// ResizeDisk gives the SmallDisk at dir size bytes, keeping its files.
func ResizeDisk(t *testing.T, dir string, size int) {
	t.Helper()
	remountDisk(t, dir, 0, fmt.Sprintf("size=%d,mode=0755", size))
}

// ReadOnlyDisk makes the SmallDisk at dir read-only (readOnly) or
// writable again.
func ReadOnlyDisk(t *testing.T, dir string, readOnly bool) {
	t.Helper()
	var flags uintptr
	if readOnly {
		flags = syscall.MS_RDONLY
	}
	remountDisk(t, dir, flags, "")
}

// remountDisk mounts the SmallDisk at dir again with flags and data.
func remountDisk(t *testing.T, dir string, flags uintptr, data string) {
	t.Helper()
	if err := syscall.Mount("tmpfs", dir, "tmpfs", syscall.MS_REMOUNT|flags, data); err != nil {
		t.Fatalf("remount the small disk %s (%q): %v", dir, data, err)
	}
}
