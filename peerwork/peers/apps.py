from django.apps import AppConfig


class PeersConfig(AppConfig):
    name = "peerwork.peers"
    label = "peers"
