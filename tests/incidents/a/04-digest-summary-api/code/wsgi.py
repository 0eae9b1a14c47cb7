from digest import create_app

app = create_app()
