"""Back-office accounts as a domain, free of Flask: passwords, roles and who may do what,
invitations and resets, second factors. Views call these and commit; these only flush."""
