# Runs inside the python stand-in's rootfs after apt (setup.sh). PyPI is out of reach, so the
# image carries a small wheel index (PIP_FIND_LINKS): pip's own wheels in /usr/share/python-wheels
# and, in /wheels, Flask with its dependencies and psycopg2 repacked as wheels from Debian's
# builds. Like psycopg2 built from source on the python image, its extension links libpq.so.5,
# which a slim image lacks.
mkdir -p /wheels /tmp/repack
cd /tmp/repack
apt-get download python3-flask python3-werkzeug python3-jinja2 python3-markupsafe \
  python3-itsdangerous python3-click python3-psycopg2 >/dev/null
for deb in *.deb; do dpkg-deb -x "$deb" "root-${deb%%_*}"; done
python3 - <<'PY'
import base64, glob, hashlib, os, sysconfig, zipfile

abi = 'cp' + sysconfig.get_config_var('py_version_nodot')

# Debian's egg-info lists no install requirements (dpkg resolves them), so pip gets PyPI's.
REQUIRES = {
    'Flask': ['Werkzeug>=2.2.2', 'Jinja2>=3.0', 'itsdangerous>=2.0', 'click>=8.0'],
    'Werkzeug': ['MarkupSafe>=2.1.1'],
    'Jinja2': ['MarkupSafe>=2.0'],
}

for root in sorted(glob.glob('root-*')):
    site = f'{root}/usr/lib/python3/dist-packages'
    info = (glob.glob(f'{site}/*.egg-info') + glob.glob(f'{site}/*.dist-info'))[0]
    base = os.path.basename(info)
    name, version = base.rsplit('.', 1)[0].split('-')[:2]
    if info.endswith('.dist-info'):
        metadata = open(f'{info}/METADATA', 'rb').read()
    else:
        headers, _, body = open(f'{info}/PKG-INFO').read().partition('\n\n')
        metadata = (headers.rstrip('\n') + '\n' + ''.join(f'Requires-Dist: {r}\n' for r in REQUIRES.get(name, [])) + '\n' + body).encode()
    files = sorted(p for p in glob.glob(f'{site}/**/*', recursive=True)
                   if os.path.isfile(p) and not p.startswith(info + '/') and '__pycache__' not in p)
    native = any(p.endswith('.so') for p in files)
    tag = f'{abi}-{abi}-linux_x86_64' if native else 'py3-none-any'
    dist = f'{name}-{version}.dist-info'
    records = []
    with zipfile.ZipFile(f'/wheels/{name}-{version}-{tag}.whl', 'w', zipfile.ZIP_DEFLATED) as wheel:
        def add(member, data):
            wheel.writestr(member, data)
            digest = base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b'=').decode()
            records.append(f'{member},sha256={digest},{len(data)}')
        for path in files:
            add(os.path.relpath(path, site), open(path, 'rb').read())
        add(f'{dist}/METADATA', metadata)
        if os.path.exists(f'{info}/entry_points.txt'):
            add(f'{dist}/entry_points.txt', open(f'{info}/entry_points.txt', 'rb').read())
        wheel_file = f'Wheel-Version: 1.0\nGenerator: dockerfile-stages-setup\nRoot-Is-Purelib: {str(not native).lower()}\nTag: {tag}\n'
        add(f'{dist}/WHEEL', wheel_file.encode())
        wheel.writestr(f'{dist}/RECORD', '\n'.join(records + [f'{dist}/RECORD,,']) + '\n')
PY
cd / && rm -rf /tmp/repack
