"""Account pages: staff sign-in and 2FA, kiosk sign-in, and the org admin's set-up pages."""
