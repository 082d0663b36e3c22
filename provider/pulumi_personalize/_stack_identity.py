"""The class path `pulumi_personalize._stack_identity.StackIdentityProvider`, pickled in the state of 0.2.0 stacks.

State is a contract (docs/ownership.md): a stack made by an earlier release must keep working, so every class path
found in users' `__provider` stays importable. The code lives in `dynamic.stack_identity`.
"""

from .dynamic.stack_identity import StackIdentityProvider

__all__ = ["StackIdentityProvider"]
