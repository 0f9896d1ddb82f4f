from django.urls import path

from .views import auth, kiosk, phone, tokens

app_name = "accounts"

urlpatterns = [
    path("sign-in/", auth.sign_in, name="sign_in"),
    path("sign-out/", auth.sign_out, name="sign_out"),
    path("two-step/set-up/", auth.two_factor_enrol, name="two_factor_enrol"),
    path("two-step/", auth.two_factor_verify, name="two_factor_verify"),
    path("password/", auth.password_change, name="password_change"),
    path("organisation/", auth.switch_organisation, name="switch_organisation"),
    path("no-organisation/", auth.no_organisation, name="no_organisation"),
    path("tokens/", tokens.token_list, name="tokens"),
    path("tokens/<int:pk>/revoke/", tokens.token_revoke, name="token_revoke"),
    path("kiosk/", kiosk.kiosk, name="kiosk"),
    path("kiosk/card/", kiosk.kiosk_card, name="kiosk_card"),
    path("kiosk/card/<str:secret>/", kiosk.kiosk_card_link, name="kiosk_card_link"),
    path("kiosk/person/<int:pk>/", kiosk.kiosk_person, name="kiosk_person"),
    path("kiosk/pair/<str:code>/", kiosk.kiosk_pair, name="kiosk_pair"),
    path("phone/", phone.phone, name="phone"),
    path("phone/pair/<str:code>/", phone.phone_pair, name="phone_pair"),
]
