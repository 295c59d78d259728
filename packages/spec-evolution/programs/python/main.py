# After the spec gained GetConnectionInfoRequest.locale, ConnectionInfo.expiresAt and the role
# "observer": the Python layer over the regenerated client, with no other edit.
import json

import cec_cobrowse
import cec_cobrowse_client

client = cec_cobrowse.from_env()
result = client.get_connection_info("observer", "room-evolution", user_id="evolution-python", locale="en-GB")
print(
    json.dumps(
        {
            "roomId": result.data.room_id,
            "expiresAt": result.data.expires_at.isoformat(),
            "modules": [cec_cobrowse.__file__, cec_cobrowse_client.__file__],
        }
    )
)
