from thumbnailer.worker import main

main()
