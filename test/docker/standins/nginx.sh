# Runs inside the nginx stand-in's rootfs after apt (setup.sh): Debian's nginx configured like
# the official image, serving /usr/share/nginx/html on port 80 and logging to the container.
rm -f /etc/nginx/sites-enabled/default
mkdir -p /usr/share/nginx/html
cat > /etc/nginx/conf.d/default.conf <<'CONF'
server {
    listen 80;
    server_name localhost;
    location / {
        root /usr/share/nginx/html;
        index index.html index.htm;
    }
}
CONF
echo '<h1>Welcome to nginx!</h1>' > /usr/share/nginx/html/index.html
ln -sf /dev/stdout /var/log/nginx/access.log
ln -sf /dev/stderr /var/log/nginx/error.log
