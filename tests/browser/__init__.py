"""End-to-end tests: the real server in a subprocess, headless Chromium, axe-core checks."""
