# flake8: noqa

# import apis into api package
from cec_cobrowse_client.api.authentication_api import AuthenticationApi
from cec_cobrowse_client.api.co_browsing_api import CoBrowsingApi

