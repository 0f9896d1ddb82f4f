"""Shift pages, split by who uses them: set-up, the week and shifts, allocation, the desk, peers."""
