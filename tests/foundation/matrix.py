SKIP_GET = {
    "accounts:sign_out",  # POST only; signing out leaks nothing
    "set_language",  # Django's POST-only language switch
}
