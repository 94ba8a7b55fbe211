package apiservertest

import (
	"bytes"
	"fmt"
	"os"
	"syscall"
	"time"
)

// sysProcAttr makes the kernel kill a server when the test binary that
// started it dies (a panic, a timeout), so no etcd or kube-apiserver is
// left behind holding ports and memory.
func sysProcAttr() *syscall.SysProcAttr {
	return &syscall.SysProcAttr{Pdeathsig: syscall.SIGKILL}
}

// signalStop stops the process and returns once every thread of it is
// stopped. The signal is delivered to each thread on its own; on a busy
// machine a test that sent a request at once was once answered by a
// server it had just paused (a CI run of TestDiagnoseLiveCluster).
func signalStop(p *os.Process) error {
	if err := p.Signal(syscall.SIGSTOP); err != nil {
		return err
	}
	deadline := time.Now().Add(5 * time.Second)
	for {
		stopped, err := allThreadsStopped(p.Pid)
		if err != nil || stopped {
			return err
		}
		if time.Now().After(deadline) {
			return fmt.Errorf("process %d has threads running 5s after SIGSTOP", p.Pid)
		}
		time.Sleep(time.Millisecond)
	}
}

// allThreadsStopped reads the state of each thread of a process from
// /proc: T (stopped) or t (traced) for all of them.
func allThreadsStopped(pid int) (bool, error) {
	tasks, err := os.ReadDir(fmt.Sprintf("/proc/%d/task", pid))
	if err != nil {
		return false, fmt.Errorf("threads of process %d: %w", pid, err)
	}
	for _, task := range tasks {
		stat, err := os.ReadFile(fmt.Sprintf("/proc/%d/task/%s/stat", pid, task.Name()))
		if err != nil {
			return false, nil // a thread that ended as it was read: look again
		}
		// "TID (COMMAND) STATE ...": the command may hold spaces and
		// parentheses, the state follows the last ")".
		i := bytes.LastIndexByte(stat, ')')
		if i < 0 || i+2 >= len(stat) {
			return false, fmt.Errorf("unexpected %s", stat)
		}
		if state := stat[i+2]; state != 'T' && state != 't' {
			return false, nil
		}
	}
	return true, nil
}

func signalCont(p *os.Process) error { return p.Signal(syscall.SIGCONT) }
func signalTerm(p *os.Process) error { return p.Signal(syscall.SIGTERM) }
