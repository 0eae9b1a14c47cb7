from quotes import create_app

app = create_app()
