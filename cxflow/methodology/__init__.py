"""The methodology versions cxflow has loaded (the data files are under data/, read by
cxflow.core.methodology), and the admin page that lists them."""
