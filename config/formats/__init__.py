"""The portal's own date formats, where Django's for a language read unnaturally
(`FORMAT_MODULE_PATH`; every format not set here is Django's)."""
