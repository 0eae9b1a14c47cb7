import responses


@responses.activate
async def test_upload_image_stores_thumbnails(client):
    responses.add(
        responses.POST,
        "http://thumbnailer.test/v1/resize",
        json={"thumbnails": ["gs://b/thumbs/160.webp", "gs://b/thumbs/480.webp"]},
    )
    resp = await client.post(
        "/products/100002/images", data=b"\xff\xd8fakejpeg", headers={"Content-Type": "image/jpeg"}
    )
    assert resp.status == 201
    assert len((await resp.json())["thumbnails"]) == 2


async def test_upload_rejects_non_image(client):
    resp = await client.post(
        "/products/100002/images", data=b"hello", headers={"Content-Type": "text/plain"}
    )
    assert resp.status == 415
