package poddoctor.lint.required_annotations_test

import data.poddoctor.lint.required_annotations

deployment(meta) := {"apiVersion": "apps/v1", "kind": "Deployment", "metadata": object.union({"name": "web"}, meta), "spec": {"template": {"spec": {"containers": [{"name": "a", "image": "a:1"}]}}}}

test_required_annotations if {
	params := {"required-annotations": {"annotations": {"email": `[a-zA-Z0-9_.+-]+@[a-zA-Z0-9-]+\.[a-zA-Z0-9-.]+`}}}
	count(required_annotations.findings) == 0 with input as deployment({"annotations": {"email": "ops@example.com"}}) with data.poddoctor.params as params
	count(required_annotations.findings) == 1 with input as deployment({"annotations": {"email": "ops at example.com"}}) with data.poddoctor.params as params
	count(required_annotations.findings) == 1 with input as deployment({"annotations": {"whois": "ops@example.com"}}) with data.poddoctor.params as params
}
