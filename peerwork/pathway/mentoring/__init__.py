"""Mentoring: experienced peers paired with newer ones, and the short contacts mentors record.

Pairings and contacts are ladder data (a stage may ask for mentoring hours), so they live in
pathway; shifts reads the active pairs to prefer mentor + mentee on paired roles.
"""
