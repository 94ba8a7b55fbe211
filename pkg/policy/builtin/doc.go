// Package builtin holds poddoctor's Go built-ins for Rego: image reference
// parsing and typo suggestions (pkg/imageref), Kubernetes quantities, the
// run's inventory for cross-object rules, and conftest's parse_config,
// parse_config_file and parse_combined_config_files. Both engines inject
// All into their evaluator; what a run knows (the inventory, the images a
// cluster runs) reaches them as Inputs, passed with each evaluation.
package builtin
