PANEL = 'acme'
