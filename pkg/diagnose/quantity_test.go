package diagnose

import (
	"testing"

	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/api/resource"
)

func TestReadableQuantity(t *testing.T) {
	tests := []struct {
		name corev1.ResourceName
		in   string
		want string
	}{
		{corev1.ResourceMemory, "16283148Ki", "15.5Gi"},
		{corev1.ResourceMemory, "8Gi", "8Gi"},
		{corev1.ResourceMemory, "524288Ki", "512Mi"},
		{corev1.ResourceMemory, "1000", "1k"},
		{corev1.ResourceEphemeralStorage, "101261452Ki", "96.6Gi"},
		{"hugepages-2Mi", "2Gi", "2Gi"},
		{corev1.ResourceCPU, "3920m", "3920m"},
		{corev1.ResourcePods, "110", "110"},
	}
	for _, tt := range tests {
		got := readableQuantity(tt.name, resource.MustParse(tt.in))
		if got != tt.want {
			t.Errorf("readableQuantity(%s, %s) = %s, want %s", tt.name, tt.in, got, tt.want)
		}
		if _, err := resource.ParseQuantity(got); err != nil {
			t.Errorf("%s is not a valid quantity: %v", got, err)
		}
	}
}
