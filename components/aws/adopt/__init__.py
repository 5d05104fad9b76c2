"""``adopt``: users/ files and a ``pulumi import`` file for the profiles of an existing domain.

``decide`` decides per profile (``directory_users`` for an Identity Center domain),
``user_files`` writes the files, ``import_file`` the import file, ``command`` runs it.
"""
