package classify

import (
	"strconv"
	"strings"

	"github.com/poddoctor/poddoctor/internal/lazyregexp"
	"k8s.io/apimachinery/pkg/api/resource"
)

// admissionFiguresRE: kubelet lifecycle/predicate.go InsufficientResourceError,
// "Node didn't have enough resource: %s, requested: %d, used: %d, capacity: %d"
// (kubelet 1.1x and later).
var admissionFiguresRE = lazyregexp.New(`Node didn't have enough resource: [^,\s]+, requested: (-?\d+), used: (-?\d+), capacity: (-?\d+)`)

// admissionFigures returns the requested, used and capacity figures of an
// admission rejection as quantities a person reads: cpu arrives in
// millicores ("150" is "150m"), memory and storage in bytes.
func admissionFigures(message, resourceName string) (requested, used, capacity string) {
	m := admissionFiguresRE.FindStringSubmatch(message)
	if m == nil {
		return "", "", ""
	}
	return admissionQuantity(m[1], resourceName), admissionQuantity(m[2], resourceName), admissionQuantity(m[3], resourceName)
}

func admissionQuantity(digits, resourceName string) string {
	n, err := strconv.ParseInt(digits, 10, 64)
	if err != nil {
		return digits
	}
	switch resourceName {
	case "cpu":
		return resource.NewMilliQuantity(n, resource.DecimalSI).String()
	case "memory", "ephemeral-storage":
		return readableBytes(n)
	}
	return digits
}

// readableBytes writes a byte count as a person reads it: exact binary
// units when they fit ("2Gi"), else one decimal ("15.3Gi").
func readableBytes(n int64) string {
	q := resource.NewQuantity(n, resource.BinarySI).String()
	if n < 1<<20 {
		return q
	}
	for _, exact := range []string{"Mi", "Gi", "Ti", "Pi", "Ei"} {
		if strings.HasSuffix(q, exact) {
			return q
		}
	}
	for _, unit := range []struct {
		suffix string
		size   float64
	}{{"Ti", 1 << 40}, {"Gi", 1 << 30}, {"Mi", 1 << 20}} {
		if float64(n) >= unit.size {
			return strconv.FormatFloat(float64(n)/unit.size, 'f', 1, 64) + unit.suffix
		}
	}
	return strconv.FormatInt(n, 10)
}

// AdmissionReasons are the pod status reasons of a pod the kubelet refused
// to run (lifecycle/predicate.go: "OutOf" + the resource, the predicate's
// name, UnexpectedAdmissionError; nodeshutdown: NodeShutdown when refused
// during a shutdown, Terminated when stopped by one).
var AdmissionReasons = []string{"OutOfcpu", "OutOfmemory", "OutOfpods", "OutOfephemeral-storage", "NodeAffinity",
	"NodeName", "NodePorts", "UnexpectedAdmissionError", "NodeShutdown", "Terminated", "Shutdown"}
