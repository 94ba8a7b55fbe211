package classify

import "testing"

func TestResultTypesHaveLowerCamelCaseJSON(t *testing.T) {
	for _, v := range []any{
		PullFailure{}, ExitCode{}, ContainerError{}, SchedulingFailure{}, MountFailure{},
		ProbeFailure{}, EvictionInfo{}, CreateFailure{}, SandboxFailure{},
	} {
		checkJSONNames(t, v)
	}
}
