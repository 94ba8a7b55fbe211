package poddoctor.lint.image_typo_test

import data.poddoctor.lint.image_typo

pod(image) := {"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "p"}, "spec": {"containers": [{"name": "web", "image": image}]}}

test_typo_in_repository if {
	some f in image_typo.findings with input as pod("ngnx:latest")
	f.msg == "image \"ngnx:latest\" looks misspelled: did you mean \"nginx:latest\"?"
	f.fix == {"path": "spec.containers[0].image", "value": "nginx:latest"}
}

test_correct_name_is_quiet if {
	count(image_typo.findings) == 0 with input as pod("nginx:1.27")
}

test_private_image_is_quiet if {
	count(image_typo.findings) == 0 with input as pod("ghcr.io/acme/api:2.1.0")
}
