from exports import create_app

app = create_app()
