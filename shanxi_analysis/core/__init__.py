"""The base layer: user-facing errors, where the data lives, file stamps and the disk cache.
Imports nothing else of the project and no heavy library."""
