# patched
