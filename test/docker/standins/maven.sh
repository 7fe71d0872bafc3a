# Runs inside the maven stand-in's rootfs after apt (setup.sh). Maven Central is out of reach:
# Maven works offline from Debian's repository, which holds the plugins apt installed (a pom
# pins their versions, as it would for reproducible builds).
mkdir -p /root/.m2
cat > /root/.m2/settings.xml <<'XML'
<settings>
  <localRepository>/usr/share/maven-repo</localRepository>
  <offline>true</offline>
</settings>
XML
