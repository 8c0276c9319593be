"""The S3 object store as the tests reach it."""


def s3_client_for(options: dict):
    """A boto3 client for the S3 server in django-storages' ``options``."""
    import boto3

    return boto3.client(
        "s3",
        endpoint_url=options.get("endpoint_url"),
        aws_access_key_id=options["access_key"],
        aws_secret_access_key=options["secret_key"],
        region_name=options["region_name"],
    )
