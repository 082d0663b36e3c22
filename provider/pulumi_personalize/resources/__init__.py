"""The resources' declarations: one module per kind of resource (its typed inputs and state, and the few
functions that differ), and the table of them all (`table.KINDS`)."""
