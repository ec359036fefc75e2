"""Generated archives: as many realistic documents as a benchmark or a test needs.

See ``generate.generate_archive``; never run it on a real archive.
"""
