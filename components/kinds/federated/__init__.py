"""The federated kind (``kind``) and one module per variant of ``federation`` (``saml``,
``identity_center``, each a ``variant.Variant``)."""

from components.kinds.federated.identity_center import VARIANT as _IDENTITY_CENTER
from components.kinds.federated.kind import (
    FEDERATIONS,
    KIND,
    VARIANTS,
    FederatedPrincipal,
    shared_sign_in_roles,
    variant_of,
)
from components.kinds.federated.saml import saml_trust_policy

#: The tag the program sets on the permission set it creates (``federation: identity-center``).
permission_set_owner_tag = _IDENTITY_CENTER.owner_tag

__all__ = [
    "FEDERATIONS",
    "KIND",
    "VARIANTS",
    "FederatedPrincipal",
    "permission_set_owner_tag",
    "saml_trust_policy",
    "shared_sign_in_roles",
    "variant_of",
]
