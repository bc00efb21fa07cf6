from channels.generic.websocket import AsyncJsonWebsocketConsumer


class OrderStatusConsumer(AsyncJsonWebsocketConsumer):
    async def connect(self):
        await self.channel_layer.group_add("orders", self.channel_name)
        await self.accept()

    async def order_update(self, event):
        await self.send_json(event["payload"])
