# ACME driver
