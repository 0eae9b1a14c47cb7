from snapshare import create_app

app = create_app()
