#!/usr/bin/env bash
# Loads demo data on the first start (marker: .run/seeded): a handful of users who follow
# each other, their tweets and likes, through the public API. Registration goes to graph-service directly (it needs no
# identity, and the gateway's registration limit is 5 per 30 min per address); everything a
# signed-in user does goes through the gateway with that user's session cookie.
#
#   scripts/seed.sh [gateway-url]        default http://127.0.0.1:8080
set -euo pipefail
source "$(dirname "$0")/lib.sh"
gateway=${1:-http://127.0.0.1:8080}
graph=${GRAPH_SERVICE_URL:-http://127.0.0.1:8083}
[ -f "$RUN_DIR/seeded" ] && exit 0

PASSWORD="wonderland1"
USERS=(
  "alice|Alice Liddell|Curious about everything. Down the rabbit hole since 1865.|Oxford, UK"
  "bob|Bob Builder|Can we fix it? Yes we can.|Bristol, UK"
  "carol|Carol Danvers|Higher, further, faster.|Boston, MA"
  "dave|Dave Bowman|Open the pod bay doors.|Houston, TX"
  "erin|Erin Brockovich|Reading the fine print so you don't have to.|Los Angeles, CA"
  "frank|Frank Gilbreth|Cheaper by the dozen.|Providence, RI"
  "grace|Grace Hopper|It's easier to ask forgiveness than it is to get permission.|Arlington, VA"
  "heidi|Heidi Klum|In fashion, one day you're in, and the next day you're out.|New York, NY"
)
# who follows whom (everyone follows grace, so she is the most followed)
FOLLOWS=(
  "alice bob" "alice carol" "alice grace" "bob alice" "bob grace" "carol alice" "carol dave"
  "carol grace" "dave grace" "dave erin" "erin grace" "erin alice" "frank grace" "frank heidi"
  "heidi grace" "heidi alice"
)

declare -A session id
cookie_of() { sed -n 's/^[Ss]et-[Cc]ookie: session=\([^;]*\);.*/\1/p' "$1" | head -n 1; }

say "Loading demo data ..."
for entry in "${USERS[@]}"; do
  IFS='|' read -r name display bio location <<<"$entry"
  headers=$(mktemp)
  body=$(curl -sS -D "$headers" -H 'Content-Type: application/json' \
    -d "{\"username\":\"$name\",\"password\":\"$PASSWORD\",\"displayName\":\"$display\"}" "$graph/api/auth/register")
  if grep -q ' 409' "$headers"; then
    rm -f "$headers"
    headers=$(mktemp)
    body=$(curl -sS -D "$headers" -H 'Content-Type: application/json' \
      -d "{\"username\":\"$name\",\"password\":\"$PASSWORD\"}" "$graph/api/auth/login")
  fi
  session[$name]=$(cookie_of "$headers")
  id[$name]=$(printf '%s' "$body" | sed -n 's/.*"id":"\([0-9]*\)".*/\1/p')
  rm -f "$headers"
  [ -n "${session[$name]}" ] && [ -n "${id[$name]}" ] || die "could not register $name: $body"
  curl -fsS -o /dev/null -X PATCH -H 'Content-Type: application/json' -b "session=${session[$name]}" \
    -d "{\"bio\":\"$bio\",\"location\":\"$location\"}" "$gateway/api/users/me"
done
for pair in "${FOLLOWS[@]}"; do
  read -r who whom <<<"$pair"
  curl -fsS -o /dev/null -X POST -b "session=${session[$who]}" "$gateway/api/users/${id[$whom]}/follow"
done
TWEETS=(
  "grace|The most dangerous phrase in the language is: we've always done it this way. #engineering"
  "alice|Went down a rabbit hole reading about hybrid fanout today. Push for most, pull for celebrities. #systemdesign"
  "bob|Fixed the build. Then fixed the fix. #engineering"
  "carol|Timeline p99 under 50 ms or it didn't happen. #systemdesign @grace"
  "dave|I'm sorry @alice, I'm afraid I can't do that. #classics"
  "erin|Read the fine print on your cloud bill. Then read it again. #engineering"
  "frank|Measured twice, cut once, still off by one. #engineering"
  "heidi|Trending now: well-chosen Snowflake ids. #systemdesign"
  "grace|A ship in port is safe, but that's not what ships are built for. #classics"
  "alice|Curiouser and curiouser: Kafka kept every event while the database was restarting. #systemdesign"
)
LIKES=("alice grace" "bob grace" "carol grace" "dave alice" "erin carol" "heidi alice")
declare -A first_tweet
for entry in "${TWEETS[@]}"; do
  IFS='|' read -r name content <<<"$entry"
  body=$(curl -fsS -X POST -H 'Content-Type: application/json' -b "session=${session[$name]}"     -d "{\"content\":\"$content\"}" "$gateway/api/tweets")
  tweet_id=$(printf '%s' "$body" | sed -n 's/^{"id":"\([0-9]*\)".*/\1/p')
  [ -n "${first_tweet[$name]:-}" ] || first_tweet[$name]=$tweet_id
done
for pair in "${LIKES[@]}"; do
  read -r who whose <<<"$pair"
  [ -n "${first_tweet[$whose]:-}" ] &&
    curl -fsS -o /dev/null -X POST -b "session=${session[$who]}" "$gateway/api/tweets/${first_tweet[$whose]}/like"
done
echo "alice / $PASSWORD" >"$RUN_DIR/demo-login"
touch "$RUN_DIR/seeded"
say "  ${#USERS[@]} users, ${#FOLLOWS[@]} follows, ${#TWEETS[@]} tweets, ${#LIKES[@]} likes"
