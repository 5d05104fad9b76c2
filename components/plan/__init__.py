"""What ``pulumi up`` registers, as data: per person, and the meter's configuration.

``people`` turns each user into the registrations their kind declares plus their profile,
``profile_settings`` writes a profile's Studio settings as the provider's input, and ``meter``
the meter's configuration document. ``resources`` turns this into Pulumi resources and
``aws.adopt`` into ``pulumi import`` entries. Imports ``core``, ``kinds`` and ``roster``.
"""
