"""The dynamic front: Python programs' resources (`pulumi.dynamic`), their provider, and the patches to its server."""
