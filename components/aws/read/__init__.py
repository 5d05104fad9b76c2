"""Read the account, few calls per page: IAM's principals and policies, the Studio domain and
profiles, the Identity Center application's assignments, the profiles' tags. Imports
``aws.client``.
"""
