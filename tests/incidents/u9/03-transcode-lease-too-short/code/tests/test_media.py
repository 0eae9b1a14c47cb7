from transcoder import config
from transcoder.media import ffmpeg_args


def test_ffmpeg_args_scale_and_bitrate():
    args = ffmpeg_args("in.mov", "out.mp4", 720, "2800k")
    assert args[0] == config.FFMPEG_BIN
    assert "scale=-2:720" in args
    assert args[args.index("-b:v") + 1] == "2800k"
    assert args[-1] == "out.mp4"
