"""The account views, one module per concern; accounts/urls.py names each view."""
