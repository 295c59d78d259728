# getConnectionInfo for both sides of one room: the customer's call names the room, the agent joins it.
from cec_cobrowse import from_env

client = from_env()  # COBROWSE_BASE_URL, COBROWSE_APP_KEY, COBROWSE_APP_SECRET, COBROWSE_TENANT_SPACE_ID
customer = client.get_connection_info("recorder", user_id="customer-42", user_name="Alex Doe")
agent = client.get_connection_info("replayer", customer.data.room_id, work_no="667")

print(f"room: {agent.data.room_id}")
print(f"customer connects to: {customer.data.wss_url_out}")
print(f"agent connects to: {agent.data.wss_url_out}")
# Each side opens its WebSocket at wss_url_out with ?connectParam=<its own connect_param>.
print(f"own connectParams: {str(customer.data.connect_param != agent.data.connect_param).lower()}")
