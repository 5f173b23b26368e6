package main

import (
	"errors"
	"fmt"
	"strings"
	"syscall"
)

// diskFullErrnos are the errors of a write that found no room: a full
// disk, a quota, a limit on file size.
var diskFullErrnos = []syscall.Errno{syscall.ENOSPC, syscall.EDQUOT, syscall.EFBIG}

// explainDiskFull adds what to do to an error caused by a full disk, and
// returns any other error as it is. bleve does not always wrap the system
// error, so its text is checked too.
func explainDiskFull(err error) error {
	if err == nil {
		return nil
	}
	full := false
	for _, errno := range diskFullErrnos {
		if errors.Is(err, errno) || strings.Contains(err.Error(), errno.Error()) {
			full = true
		}
	}
	if !full {
		return err
	}
	return fmt.Errorf("%w (the disk is full, or a quota or file size limit was reached: the articles already in the index are kept; free space, then run the same ingest again)", err)
}
