package apiservertest

import (
	"fmt"
	"os"
	"strconv"
	"strings"
	"time"
)

// CPUTime is the processor time (user and system) the API server and etcd
// have used since they started, read from /proc (Linux): a benchmark reads
// it before and after a client's run to tell what the run cost the server,
// which a busy machine's wall time hides.
func (s *Server) CPUTime() (apiserver, etcd time.Duration, err error) {
	if apiserver, err = processCPU(s.apiserver.cmd.Process.Pid); err != nil {
		return 0, 0, err
	}
	etcd, err = processCPU(s.etcd.cmd.Process.Pid)
	return apiserver, etcd, err
}

// processCPU reads utime and stime of /proc/PID/stat, in clock ticks of
// 1/100 s (USER_HZ, 100 on every Linux architecture Go supports).
func processCPU(pid int) (time.Duration, error) {
	data, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
	if err != nil {
		return 0, err
	}
	// The command name, field 2, is in parentheses and may hold spaces;
	// fields are counted after its closing parenthesis.
	rest := string(data)
	if i := strings.LastIndexByte(rest, ')'); i >= 0 {
		rest = rest[i+1:]
	}
	fields := strings.Fields(rest)
	if len(fields) < 13 {
		return 0, fmt.Errorf("/proc/%d/stat: %d fields", pid, len(fields))
	}
	var ticks int64
	for _, f := range fields[11:13] { // utime and stime, fields 14 and 15
		n, err := strconv.ParseInt(f, 10, 64)
		if err != nil {
			return 0, fmt.Errorf("/proc/%d/stat: %w", pid, err)
		}
		ticks += n
	}
	return time.Duration(ticks) * 10 * time.Millisecond, nil
}
