from setuptools import setup
setup(name='networking-netco')
