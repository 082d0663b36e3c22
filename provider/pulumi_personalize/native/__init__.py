"""The native front: the plugin `pulumi-resource-personalize`, which serves the same lifecycle to programs in every
Pulumi language (YAML, TypeScript, Go, Python) and to `pulumi import`, with the schema generated from the
declarations."""
